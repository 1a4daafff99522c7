FROM python:3.12-alpine
RUN pip install --no-cache-dir sysmon==4.2.0
EXPOSE 61208
CMD ["/bin/sh", "-c", "python -m sysmon -w"]
