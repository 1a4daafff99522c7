FROM node:22-alpine
WORKDIR /app
CMD ["node", "server.js"]
