defmodule Relay do end
