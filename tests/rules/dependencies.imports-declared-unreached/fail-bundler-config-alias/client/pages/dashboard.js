import statsQuery from 'graph/stats.gql'

export default { apollo: { stats: { query: statsQuery } } }
