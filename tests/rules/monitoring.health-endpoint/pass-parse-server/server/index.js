import express from 'express';
import { ParseServer } from 'parse-server';

const app = express();
const server = new ParseServer({ databaseURI: process.env.DATABASE_URI, appId: 'app' });
await server.start();
app.use('/app', server.app);
app.listen(8080);
