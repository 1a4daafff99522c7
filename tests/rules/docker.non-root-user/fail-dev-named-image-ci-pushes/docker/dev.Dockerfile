FROM elixir:1.17-slim
RUN apt-get update && apt-get install -y inotify-tools git
WORKDIR /app
COPY mix.exs mix.lock ./
RUN mix deps.get
COPY . ./
EXPOSE 4000
