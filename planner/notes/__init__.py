"""Journey notes as shop owners write them ("1. Notoriété — Quand ? début mai — Comment ?
photos sur Instagram"): their layout (``layout``), what each piece means (``reading``, with
the word tables of ``words.toml``; ``labelled`` for the lines that name a value outright,
"Canaux : Instagram"), the rule file they become (``writer``) and that file tried as
`planner check` tries it (``trial``). The commands are `planner import`
(controllers.importing) and `planner export-notes` (controllers.exporting), which writes a
campaign back as notes (``export``)."""
