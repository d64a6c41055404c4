namespace PoseTools.Tests.Container;

/// <summary>
/// Tests that change or enumerate the machine's network interfaces run one after the other: podman adds and removes a
/// bridge address while a container runs, and the notebook kernel (dotnet-interactive) binds its port on every address
/// it enumerated — one that vanished in between fails it with "Cannot assign requested address".
/// </summary>
[CollectionDefinition(nameof(NetworkInterfaces))]
public sealed class NetworkInterfaces;
