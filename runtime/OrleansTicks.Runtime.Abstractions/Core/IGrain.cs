namespace OrleansTicks.Runtime;

/// <summary>Marker for every grain interface. A grain interface's methods return <see cref="Task"/>,
/// <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/>.</summary>
public interface IGrain : IAddressable
{
}

/// <summary>A grain identified by a string key (the Orleans <c>IGrainWithStringKey</c>).</summary>
public interface IGrainWithStringKey : IGrain
{
}

/// <summary>Anything that can be addressed by a reference: grains and observers.</summary>
public interface IAddressable
{
}
