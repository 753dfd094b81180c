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
ENV CAMEL_MAIN_PROFILE=prod \
    VOICE_WORK_DIR=/var/lib/voice-routes \
    VOICE_LOG_DIR=/var/lib/voice-routes/logs \
    VOICE_CDS_ARCHIVE=/var/lib/voice-routes/voice-routes.jsa
VOLUME ["/var/lib/voice-routes"]
USER voice
# callbacks, API, /observe/health and /observe/metrics
EXPOSE 8080
ENTRYPOINT ["bin/voice-routes"]
