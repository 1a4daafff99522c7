#!/bin/sh
curl https://api.openai.com/v1/models -H "Authorization: Bearer sk-Xw3NpL8vRt2KqZ6mYc9DT3BlbkFJh4Sf7Gd1Ba5Ue0Jm8Vn"
