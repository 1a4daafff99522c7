import express from 'express';
import Parse from 'parse/node';

Parse.initialize('app');
const app = express();
app.get('/', (req, res) => res.send('ok'));
app.listen(8080);
