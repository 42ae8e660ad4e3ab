using System.Diagnostics;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.EdgeRuntime.Tests.Deploy;

/// <summary>
/// deploy/install.sh run with <c>--root DIR</c> on an unpacked tarball laid out as deploy/publish.sh makes it (the
/// real installer, units and udev rule; a small program and the shipped model's manifest in place of the
/// 110 MB publish). deploy/test-vm.sh runs the same installer on a booted Debian with systemd.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InstallScriptTests : IDisposable
{
    private static readonly string Repo = TestPaths.RepositoryRoot();
    private readonly string _folder = Directory.CreateTempSubdirectory("edgemeta-install-").FullName;
    private readonly string _package;
    private readonly string _root;

    public InstallScriptTests()
    {
        _package = Path.Combine(_folder, "edgemeta-0.1.0-test-linux-x64");
        _root = Path.Combine(_folder, "root");
        Directory.CreateDirectory(_root);
        LayOutPackage(_package, withBox: false);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Install_lays_out_program_settings_state_units_and_rule_with_their_modes()
    {
        var (code, output) = Install("--in", "raw:hw:2,0", "--out", "raw:hw:2,0");

        Assert.True(code == 0, output);
        Assert.Equal(Mode("755"), File.GetUnixFileMode(Under("opt/edgemeta/edgemeta")));
        Assert.Equal(Mode("644"), File.GetUnixFileMode(Under("opt/edgemeta/libonnxruntime.so")));
        Assert.Equal(Mode("644"), File.GetUnixFileMode(Under("opt/edgemeta/models/default/manifest.json")));
        Assert.Equal(Mode("755"), File.GetUnixFileMode(Under("opt/edgemeta/models/default")));
        Assert.Equal("/opt/edgemeta/edgemeta", new FileInfo(Under("usr/local/bin/edgemeta")).LinkTarget);

        foreach (var state in new[] { "var/lib/edgemeta", "var/lib/edgemeta/profiles", "var/lib/edgemeta/sessions" })
        {
            Assert.Equal(Mode("750"), File.GetUnixFileMode(Under(state)));
        }

        var unit = Under("etc/systemd/system/edgemeta.service");
        Assert.Equal(Mode("644"), File.GetUnixFileMode(unit));
        Assert.Equal(File.ReadAllText(Path.Combine(Repo, "deploy/edgemeta.service")), File.ReadAllText(unit));

        var rule = File.ReadAllText(Under("etc/udev/rules.d/60-edgemeta-midi.rules"));
        Assert.Equal(Mode("644"), File.GetUnixFileMode(Under("etc/udev/rules.d/60-edgemeta-midi.rules")));
        Assert.Contains("KERNEL==\"midiC*D*\", GROUP=\"audio\", MODE=\"0660\"", rule, StringComparison.Ordinal);
        Assert.Contains("ENV{SYSTEMD_WANTS}+=\"edgemeta.service\"", rule, StringComparison.Ordinal);

        var settings = File.ReadAllLines(Under("etc/edgemeta/edgemeta.env"));
        Assert.Contains("EDGEMETA_IN=raw:hw:2,0", settings);
        Assert.Contains("EDGEMETA_OUT=raw:hw:2,0", settings);
        Assert.Contains("EDGEMETA_PROFILE=house", settings);

        // A --root install changes nothing on the running system.
        Assert.Contains("(--root) not run: systemctl daemon-reload", output, StringComparison.Ordinal);
        Assert.Contains("(--root) not run: systemctl enable edgemeta.service", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_play_unit_is_a_hardened_notify_service_with_realtime_limits()
    {
        var unit = File.ReadAllLines(Path.Combine(Repo, "deploy/edgemeta.service"))
            .Where(l => l.Length > 0 && l[0] != '#' && l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2))
            .GroupBy(kv => kv[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);

        Assert.Equal("notify", unit["Type"]);
        Assert.True(int.Parse(unit["WatchdogSec"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("on-failure", unit["Restart"]);
        Assert.Equal("60", unit["LimitRTPRIO"]);   // the output scheduler asks for SCHED_FIFO priority 60
        Assert.Equal("infinity", unit["LimitMEMLOCK"]);
        Assert.Equal("strict", unit["ProtectSystem"]);
        Assert.Equal("/var/lib/edgemeta", unit["ReadWritePaths"]);
        Assert.Equal("yes", unit["NoNewPrivileges"]);
        Assert.Equal("yes", unit["PrivateTmp"]);
        Assert.Equal("audio", unit["SupplementaryGroups"]);
        Assert.StartsWith("/opt/edgemeta/edgemeta play ", unit["ExecStart"], StringComparison.Ordinal);
        // The JIT writes code and the MIDI threads run SCHED_FIFO: these two would break the service.
        Assert.False(unit.ContainsKey("MemoryDenyWriteExecute"));
        Assert.False(unit.ContainsKey("RestrictRealtime"));
    }

    [Fact]
    public void Installing_again_replaces_the_program_and_keeps_settings_and_profiles()
    {
        Assert.Equal(0, Install().Code);
        File.WriteAllText(Under("opt/edgemeta/left-over"), "from the old version");
        File.AppendAllText(Under("etc/edgemeta/edgemeta.env"), "EDGEMETA_ARGS=--mode continue\n");
        File.WriteAllText(Under("var/lib/edgemeta/profiles/ana.json"), "{}");

        var (code, output) = Install("--profile", "ana");

        Assert.True(code == 0, output);
        Assert.False(File.Exists(Under("opt/edgemeta/left-over")));
        Assert.True(File.Exists(Under("opt/edgemeta/edgemeta")));
        var settings = File.ReadAllLines(Under("etc/edgemeta/edgemeta.env"));
        Assert.Contains("EDGEMETA_ARGS=--mode continue", settings);
        Assert.Contains("EDGEMETA_PROFILE=ana", settings);
        Assert.Single(settings, l => l.StartsWith("EDGEMETA_PROFILE=", StringComparison.Ordinal));
        Assert.True(File.Exists(Under("var/lib/edgemeta/profiles/ana.json")));
    }

    [Fact]
    public void Uninstall_keeps_profiles_and_purge_removes_them()
    {
        Assert.Equal(0, Install().Code);
        File.WriteAllText(Under("var/lib/edgemeta/profiles/ana.json"), "{}");

        var (code, output) = Install("--uninstall");

        Assert.True(code == 0, output);
        Assert.False(Directory.Exists(Under("opt/edgemeta")));
        Assert.False(File.Exists(Under("etc/systemd/system/edgemeta.service")));
        Assert.False(File.Exists(Under("etc/udev/rules.d/60-edgemeta-midi.rules")));
        Assert.False(File.Exists(Under("usr/local/bin/edgemeta")));
        Assert.True(File.Exists(Under("var/lib/edgemeta/profiles/ana.json")));
        Assert.True(File.Exists(Under("etc/edgemeta/edgemeta.env")));
        Assert.Equal(0, Install("--uninstall").Code);   // twice is fine

        Assert.Equal(0, Install("--uninstall", "--purge").Code);
        Assert.False(Directory.Exists(Under("var/lib/edgemeta")));
        Assert.False(Directory.Exists(Under("etc/edgemeta")));
    }

    [Fact]
    public void As_root_it_creates_a_system_user_in_the_audio_group_that_owns_the_state()
    {
        Directory.CreateDirectory(Under("etc"));
        File.WriteAllText(Under("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        File.WriteAllText(Under("etc/group"), "root:x:0:\naudio:x:29:\ngpio:x:997:\n");   // gpio as on Raspberry Pi OS; no i2c
        File.WriteAllText(Under("etc/shadow"), "root:*:19000:0:99999:7:::\n");
        File.WriteAllText(Under("etc/gshadow"), "root:*::\naudio:*::\ngpio:!::\n");

        var (code, output) = Install();

        Assert.True(code == 0, output);
        if (Environment.UserName != "root")
        {
            Assert.Contains("not root: system user 'edgemeta' not created", output, StringComparison.Ordinal);
            return;
        }

        var user = File.ReadAllLines(Under("etc/passwd")).Single(l => l.StartsWith("edgemeta:", StringComparison.Ordinal)).Split(':');
        Assert.True(int.Parse(user[2], System.Globalization.CultureInfo.InvariantCulture) < 1000, "a system user has a uid below 1000");
        Assert.Equal("/usr/sbin/nologin", user[6]);
        Assert.Contains(File.ReadAllLines(Under("etc/group")), l => l.StartsWith("audio:", StringComparison.Ordinal) && l.EndsWith(":edgemeta", StringComparison.Ordinal));
        Assert.Contains(File.ReadAllLines(Under("etc/group")), l => l.StartsWith("gpio:", StringComparison.Ordinal) && l.EndsWith(":edgemeta", StringComparison.Ordinal));
        Assert.Equal(user[2], Stat("%u", Under("var/lib/edgemeta/profiles")));
        Assert.Equal("0", Stat("%u", Under("opt/edgemeta/edgemeta")));

        Assert.Equal(0, Install().Code);   // a second run finds the user and adds nothing
        Assert.Single(File.ReadAllLines(Under("etc/passwd")), l => l.StartsWith("edgemeta:", StringComparison.Ordinal));

        Assert.Equal(0, Install("--uninstall", "--purge").Code);
        Assert.DoesNotContain(File.ReadAllLines(Under("etc/passwd")), l => l.StartsWith("edgemeta:", StringComparison.Ordinal));
    }

    [Fact]
    public void Box_is_installed_when_the_tarball_has_it_and_owns_plug_in_only_with_box()
    {
        var (refused, message) = Install("--box");
        Assert.NotEqual(0, refused);
        Assert.Contains("this tarball has no edgemeta-box", message, StringComparison.Ordinal);

        LayOutPackage(_package, withBox: true);
        Assert.Equal(0, Install().Code);
        Assert.True(File.Exists(Under("etc/systemd/system/edgemeta-box.service")));
        Assert.Contains("SYSTEMD_WANTS}+=\"edgemeta.service\"", File.ReadAllText(Under("etc/udev/rules.d/60-edgemeta-midi.rules")), StringComparison.Ordinal);

        var (code, output) = Install("--box");
        Assert.True(code == 0, output);
        Assert.Contains("SYSTEMD_WANTS}+=\"edgemeta-box.service\"", File.ReadAllText(Under("etc/udev/rules.d/60-edgemeta-midi.rules")), StringComparison.Ordinal);
        Assert.Contains("not run: systemctl enable edgemeta-box.service", output, StringComparison.Ordinal);
        Assert.Equal(Mode("755"), File.GetUnixFileMode(Under("opt/edgemeta/edgemeta-box")));
    }

    [Fact]
    public void A_folder_that_is_not_an_unpacked_tarball_is_refused_by_name()
    {
        File.Delete(Path.Combine(_package, "app/models/default/manifest.json"));

        var (code, output) = Install();

        Assert.NotEqual(0, code);
        Assert.Contains("app/models/default/manifest.json not found", output, StringComparison.Ordinal);
    }

    private string Under(string path) => Path.Combine(_root, path);

    private static UnixFileMode Mode(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);

    private static string Stat(string format, string path) => Run("stat", ["-c", format, path]).Output.Trim();

    private (int Code, string Output) Install(params string[] args) =>
        Run("bash", [Path.Combine(_package, "install.sh"), "--root", _root, "--no-start", .. args]);

    private static (int Code, string Output) Run(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    // The tarball's layout (deploy/publish.sh): install.sh, app/, units/, udev/, README.md, VERSION.
    private static void LayOutPackage(string package, bool withBox)
    {
        var app = Path.Combine(package, "app");
        Directory.CreateDirectory(Path.Combine(app, "models/default"));
        Directory.CreateDirectory(Path.Combine(package, "units"));
        Directory.CreateDirectory(Path.Combine(package, "udev"));
        File.Copy(Path.Combine(Repo, "deploy/install.sh"), Path.Combine(package, "install.sh"), overwrite: true);
        File.Copy(Path.Combine(Repo, "deploy/edgemeta.service"), Path.Combine(package, "units/edgemeta.service"), overwrite: true);
        File.Copy(Path.Combine(Repo, "deploy/60-edgemeta-midi.rules"), Path.Combine(package, "udev/60-edgemeta-midi.rules"), overwrite: true);
        File.Copy(Path.Combine(Repo, "models/default/manifest.json"), Path.Combine(app, "models/default/manifest.json"), overwrite: true);
        File.WriteAllText(Path.Combine(package, "VERSION"), "0.1.0-test linux-x64\n");
        WriteProgram(Path.Combine(app, "edgemeta"));
        File.WriteAllBytes(Path.Combine(app, "libonnxruntime.so"), [0x7f, (byte)'E', (byte)'L', (byte)'F']);
        if (withBox)
        {
            WriteProgram(Path.Combine(app, "edgemeta-box"));
            File.WriteAllText(Path.Combine(package, "units/edgemeta-box.service"),
                "[Unit]\nDescription=EdgeMeta box\n\n[Service]\nExecStart=/opt/edgemeta/edgemeta-box run\n\n[Install]\nWantedBy=multi-user.target\n");
        }
    }

    private static void WriteProgram(string path)
    {
        File.WriteAllText(path, "#!/bin/sh\necho edgemeta\n");
        File.SetUnixFileMode(path, Mode("755"));
    }
}
