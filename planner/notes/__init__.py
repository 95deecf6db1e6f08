"""Journey notes as shop owners write them ("1. Notoriété — Quand ? début mai — Comment ?
photos sur Instagram"): their layout (``layout``), what each piece means (``reading``, with
the word tables of ``words.toml``), the rule file they become (``writer``) and that file
tried as `planner check` tries it (``trial``). The command is `planner import`
(controllers.importing)."""
