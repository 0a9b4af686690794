// Purpose: how many blocking keys the matcher's index holds (MatchKey nodes). A load that finds none
//   when it first needs to match asks the graph for no blocks: every key the graph could then answer
//   is one of this load's own records, which the load holds already (loaders/match/graph_index.py).
// Parameters: none
// Returns: keys
MATCH (k:MatchKey)
RETURN count(k) AS keys
