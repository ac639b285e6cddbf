# SessionStore: built with the .NET SDK, run on the ASP.NET Core runtime as the image's non-root user
# 'app' (UID 1654). The database lives in /data: mount a host folder there that UID 1654 can write.
#   docker build --network host -t sessionstore .
#   docker run -d -p 8080:8080 -v "$PWD/data:/data" sessionstore

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the project files alone, so that changing code does not download the packages again.
# Only the host and the projects it references: the tests are not part of the image.
COPY Directory.Build.props Directory.Packages.props ./
COPY SessionStore/SessionStore.csproj SessionStore/
COPY SessionStore.ServiceInterface/SessionStore.ServiceInterface.csproj SessionStore.ServiceInterface/
COPY SessionStore.ServiceModel/SessionStore.ServiceModel.csproj SessionStore.ServiceModel/
RUN dotnet restore SessionStore/SessionStore.csproj --runtime linux-x64
COPY . .
RUN dotnet publish SessionStore/SessionStore.csproj --no-restore --configuration Release \
        --runtime linux-x64 --self-contained false -p:UseAppHost=false --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
# Owned by the service's user before VOLUME, so a named volume starts out writable for it too.
RUN mkdir /data && chown "$APP_UID:$APP_UID" /data
COPY --from=build /app .
ENV Storage__DataDirectory=/data \
    ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
VOLUME /data
USER $APP_UID
# The image has no curl or wget; bash's /dev/tcp asks /health/ready without adding a package or
# starting a second .NET process every few seconds.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && read -r _ status _ <&3 && [ \"$status\" = 200 ]"]
# Exec form: dotnet is PID 1 and gets docker stop's SIGTERM itself, so shutdown drains the writer
# and checkpoints the database.
ENTRYPOINT ["dotnet", "SessionStore.dll"]
