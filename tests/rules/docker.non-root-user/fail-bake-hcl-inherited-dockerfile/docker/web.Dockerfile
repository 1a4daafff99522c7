FROM node:20.11-slim
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
