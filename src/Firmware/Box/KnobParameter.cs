namespace EdgeMeta.Firmware.Box;

/// <summary>What the knob changes: turning alone changes the temperature, pushing while turning the answer length.</summary>
public enum KnobParameter
{
    Temperature,
    AnswerLength,
}
