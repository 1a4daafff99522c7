defmodule Relay.MixProject do
  use Mix.Project
  def project, do: [app: :relay, version: "0.1.0"]
end
