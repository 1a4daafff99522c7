#!/bin/sh
curl -H "Authorization: token ghp_Q7wLm2Rt9Xk4Vb8Nz1Hc6Jd3Fs5Ga0Pe2Yu7" https://api.github.com/user
