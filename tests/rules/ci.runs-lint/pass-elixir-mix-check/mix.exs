defmodule App.MixProject do
  use Mix.Project
  def project, do: [app: :app, version: "0.1.0", deps: deps()]
  defp deps, do: [{:ex_check, "~> 0.16", only: :dev}, {:credo, "~> 1.7", only: :dev}]
end
