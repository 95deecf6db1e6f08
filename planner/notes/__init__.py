"""Journey notes as shop owners write them ("1. Notoriété — Quand ? début mai — Comment ?
photos sur Instagram"): their layout (``layout``), what each piece means (``reading``, with
the word tables of ``words.toml``) and the rule file they become (``writer``). The command
is `planner import` (controllers.importing)."""
