defmodule Ledger.MixProject do
  use Mix.Project

  def project, do: [app: :ledger, version: "0.1.0", deps: deps()]

  defp deps do
    [
      {:phoenix, "~> 1.7"},
      {:ex_check, "~> 0.16", only: [:dev, :test], runtime: false},
      {:credo, "~> 1.7", only: [:dev, :test], runtime: false},
      {:sobelow, "~> 0.13", only: [:dev, :test], runtime: false}
    ]
  end
end
