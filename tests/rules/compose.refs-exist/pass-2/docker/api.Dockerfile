FROM node:20-alpine
WORKDIR /app
COPY . .
USER node
CMD ["node", "server.js"]
