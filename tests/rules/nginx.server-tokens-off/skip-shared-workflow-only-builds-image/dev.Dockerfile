FROM node:22-alpine
WORKDIR /home/app
CMD ["npm", "run", "dev"]
