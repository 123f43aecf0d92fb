namespace OrleansTicks.Runtime;

/// <summary>Marker for observer interfaces: interfaces that a local object implements so that grains can
/// call it through a reference made by <see cref="IGrainFactory.CreateObjectReference{TObserver}"/>.</summary>
public interface IGrainObserver : IAddressable
{
}
