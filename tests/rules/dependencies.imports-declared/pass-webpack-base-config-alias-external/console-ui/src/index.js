import React from 'react';
import $ from 'jquery';
import { request } from 'utils/request';
import Header from 'components/Header';
export default function App() { return Header(request($)); }
