FROM node:20.11-slim
WORKDIR /app
COPY . .
USER node
CMD ["node", "server.js"]
