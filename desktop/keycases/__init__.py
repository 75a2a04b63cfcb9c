"""Key cases and accountability (包案、调解、评议团、黄红牌、随机回访、渠道时限).

Pure rules live in ``rules``, ``draw``, ``channel_clock`` and ``panel``; the services (``cases``,
``mediation``, ``panel_service``, ``cards``, ``callbacks``, ``channels``) check permissions, write the
audit chain and run inside the caller's transaction; ``queries`` and ``figures`` are read-only.
Importing this package imports nothing else, so the models may use its enums.
"""
