defmodule App.MixProject do
  use Mix.Project

  def project do
    [app: :app, version: "0.1.0", deps: deps(), aliases: aliases()]
  end

  defp deps do
    [{:credo, "~> 1.7", only: [:dev, :test], runtime: false}]
  end

  defp aliases do
    ["lint.all": ["credo --strict"]]
  end
end
