#!/bin/sh
# pwsh in the image: PowerShell's framework-dependent build on the image's .NET runtime.
exec /opt/dotnet/dotnet /opt/pwsh/pwsh.dll "$@"
