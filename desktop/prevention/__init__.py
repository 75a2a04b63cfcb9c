"""Prevention (矛盾纠纷排查与源头预防): the screening ledger, key persons, escalated visits and the
三无 village board. Pure rules in ``rules``, storage-backed services in the other modules."""
