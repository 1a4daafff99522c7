[
  tools: [
    {:sobelow, false}
  ]
]
