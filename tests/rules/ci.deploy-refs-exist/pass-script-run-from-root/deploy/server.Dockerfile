FROM python:3.12-slim
COPY . /srv
CMD ["python", "/srv/app.py"]
