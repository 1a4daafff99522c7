FROM acme/app:latest
USER root
COPY swarm-entry.sh /swarm-entry.sh
ENTRYPOINT ["/swarm-entry.sh"]
