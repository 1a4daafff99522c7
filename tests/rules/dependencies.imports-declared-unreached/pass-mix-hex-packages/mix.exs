defmodule Shop.MixProject do
  use Mix.Project

  def project do
    [app: :shop, version: "0.1.0", elixir: "~> 1.15", deps: deps()]
  end

  defp deps do
    [
      phoenix_dep(),
      {:phoenix_html, "~> 4.1"},
      { :phoenix_live_view, "~> 1.0" },
      {:esbuild, "~> 0.8", runtime: Mix.env() == :dev}
    ]
  end

  defp phoenix_dep do
    {:phoenix, "~> 1.7.14"}
  end
end
