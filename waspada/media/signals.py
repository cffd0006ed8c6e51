"""What media monitoring tells the rest of the flow (connected in ``waspada/pipeline.py``).

``article_analysed(article_id)``: an article has its analysis, and its story is updated.
Announced in the transaction that stored it; read it as ``Article.reading`` (a
``waspada.nlp.Analysis``).
"""

from waspada.lib.handoff import Handoff

article_analysed = Handoff("article_analysed", "article_id")
