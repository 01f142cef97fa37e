"""GraphQL documents shared by tests."""

CADRE_PAGE = """
query Page($first: Int, $after: String, $filter: CadreFilter) {
  cadres(first: $first, after: $after, filter: $filter) {
    totalCount
    edges { cursor node { id code managingUnit { code } workUnit { code } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

CADRE_BY_CODE = "query One($code: String!) { cadre(code: $code) { code name } }"

NODE = "query Node($id: ID!) { node(id: $id) { id ... on Cadre { code } } }"
