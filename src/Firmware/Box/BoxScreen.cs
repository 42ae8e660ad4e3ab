namespace EdgeMeta.Firmware.Box;

/// <summary>Which page the display shows.</summary>
public enum BoxScreen
{
    /// <summary>State, profile, phrases learned, last adaptation, knob values, activity meter.</summary>
    Status,
    /// <summary>"Clear profile NAME?": Clear confirms, any other button cancels.</summary>
    ConfirmClear,
    /// <summary>The profile menu: turn to choose, push to select.</summary>
    ProfileMenu,
}
