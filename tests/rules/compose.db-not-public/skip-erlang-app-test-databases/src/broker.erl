-module(broker).
-export([start/0]).

start() -> ok.
