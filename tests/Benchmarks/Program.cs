using BenchmarkDotNet.Running;

namespace EdgeMeta.Benchmarks;

internal static class Program
{
    private static void Main(string[] args)
    {
        if (args is ["inner-loop-nll", .. var rest])
        {
            InnerLoopVariantsEvaluation.Run(rest);
            return;
        }

        if (args is ["cold-start", .. var coldStart])
        {
            ColdStartTimer.Run(coldStart);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
