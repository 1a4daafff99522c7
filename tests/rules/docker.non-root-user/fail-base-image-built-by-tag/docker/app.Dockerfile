FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends nodejs
WORKDIR /app
COPY . .
USER nobody
CMD ["node", "server.js"]
