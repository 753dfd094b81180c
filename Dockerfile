# voice-routes as a container image: the jar and its launcher, with routes/ and config/ as folders a deployment may
# mount over (what is mounted is what runs). Build the jar first: mvn -B -q package -DskipTests && docker build .
# Docker is not available where this project is built and tested: benchmarks/topology.sh runs the same topology
# (standalone Artemis and PostgreSQL, two nodes from the jar) and is what is tested; compose.yaml mirrors it.
FROM eclipse-temurin:17-jre
WORKDIR /opt/voice-routes
COPY target/voice-routes.jar target/voice-routes.jar
COPY bin/voice-routes bin/voice-routes
COPY routes/ routes/
COPY config/ config/
RUN useradd --system --uid 10001 voice && mkdir -p /var/lib/voice-routes && chown voice /var/lib/voice-routes
# The work folder (inbox/, outbox/, errors/) and the class-data archive bin/voice-routes writes at its first stop
# The management port (health, metrics) on the container's interfaces, so that the orchestrator's probes and
# Prometheus reach it at the container's address; publish only 8080 (docker run -p 8080:8080): 9876 stays on the
# container network (README "Containers")
ENV CAMEL_MAIN_PROFILE=prod \
    CAMEL_MANAGEMENT_HOST=0.0.0.0 \
    VOICE_WORK_DIR=/var/lib/voice-routes \
    VOICE_LOG_DIR=/var/lib/voice-routes/logs \
    VOICE_CDS_ARCHIVE=/var/lib/voice-routes/voice-routes.jsa
VOLUME ["/var/lib/voice-routes"]
USER voice
# 8080: callbacks, console, operator API (public); 9876: /observe/health/live and /ready, /observe/metrics (private)
EXPOSE 8080 9876
# liveness only: a broker or database away makes the node unready, and a restart would not mend it
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/9876 && printf "GET /observe/health/live HTTP/1.0\r\n\r\n" >&3 && head -1 <&3 | grep -q " 200 "'
ENTRYPOINT ["bin/voice-routes"]
