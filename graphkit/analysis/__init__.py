"""The analyses, one concept per module, each a function of the projection (see :mod:`graphkit.api`
for the entry points that take a project):

* :mod:`~graphkit.analysis.coalitions`: alliance options with explained scores and introducers;
* :mod:`~graphkit.analysis.gaps`: representation gaps, the arena × theme coverage matrix, idle
  members, volunteers and initiatives, representation against targets;
* :mod:`~graphkit.analysis.common_connections`: what two or more actors share;
* :mod:`~graphkit.analysis.paths`: tie strength and the best introduction paths;
* :mod:`~graphkit.analysis.plan`: what stands behind each objective of the strategic plan;
* :mod:`~graphkit.analysis.brokers` and :mod:`~graphkit.analysis.communities`: the tie graph's
  brokers and clusters;
* :mod:`~graphkit.analysis.change`: what changed since a date or between two stores;
* :mod:`~graphkit.analysis.queries`: SPARQL with named queries and bound parameters;
* :mod:`~graphkit.analysis.common`: the helpers they share.
"""
