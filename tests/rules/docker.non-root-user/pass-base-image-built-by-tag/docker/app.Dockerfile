FROM example/shop:toolchain
WORKDIR /app
COPY . .
USER nobody
CMD ["node", "server.js"]
