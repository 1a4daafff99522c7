import axios from 'axios';
import dayjs from 'dayjs';
export const api = axios.create({ headers: { d: dayjs().toString() } });
