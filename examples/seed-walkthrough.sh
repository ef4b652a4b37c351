#!/usr/bin/env bash
# The worked example: a French blog post of 26 November 2025 that quotes David Sacks's posts on X,
# Wall Street Journal lines, an executive order and an unattributed comment (S1-S8).
# The database is $PROV_DB, else ./prov.db. Running this twice changes nothing.
# URLs on example.org, the x.com status ids and the WSJ path are placeholders: the article gives
# none of them.
set -euo pipefail

ARTICLE=https://example.org/2025/11/usa-decret-plan-de-sauvetage-ia.html
S1_URL=https://x.com/DavidSacks/status/0000000000000000001
S2_URL=https://x.com/DavidSacks/status/0000000000000000002
WSJ_URL=https://www.wsj.com/economy/ai-investment-growth-risks-placeholder
EO_URL=https://www.whitehouse.gov/presidential-actions/2025/11/launching-the-genesis-mission/

# Who speaks, and the context a researcher adds.
prov add-person "David Sacks" --alias @DavidSacks --alias "David O. Sacks" \
  --description "Venture capitalist, podcaster; White House AI and crypto czar"
prov add-person "White House" --organisation --alias "Maison Blanche"
prov add-person "The Wall Street Journal" --organisation --alias WSJ
prov add-person "Gary Marcus" --description "AI researcher"
prov add-person "Millar" --description "Economist quoted by the WSJ"
prov add-person "Berezin" --description "Economist quoted by the WSJ"
prov add-affiliation "David Sacks" "White House" --role "AI and crypto czar" --from 2024-12

# What the statements take positions on.
prov add-claim federal-ai-bailout "The US federal government should rescue AI companies that fail"
prov add-claim ai-downturn-recession-risk \
  "A reversal of AI investment risks pushing the US economy into recession" --kind factual
prov add-claim genesis-centralises-ai \
  "The Genesis Mission puts US AI computing resources under federal control" --kind factual

# The quoting article.
prov add-article "$ARTICLE" --date "mercredi 26 novembre 2025" --lang fr \
  --title "USA. Un décret présidentiel prévoit un plan de sauvetage pour les entreprises d'IA surendettées." \
  --publisher "Le blog de Hannibal Genséric"

# S1: the 6 November post, quoted in French; the English original is not in the article.
# The article first names the posts' author "Gary Sacks": kept as written.
prov add-quote --article "$ARTICLE" --person @DavidSacks --attributed-as "Gary Sacks" \
  --said-at "16:52 UTC · 6 nov. 2025" --source-url "$S1_URL" --lang en --quoted-lang fr \
  --archive-url "https://web.archive.org/web/20251106170000/$S1_URL" \
  --quoted-text "Il n'y aura pas de plan de sauvetage fédéral pour l'IA. Les États-Unis comptent au moins cinq grandes entreprises pionnières dans ce domaine. Si l'une d'elles fait faillite, d'autres prendront le relais." \
  --claim federal-ai-bailout --stance opposes

# S2: the 24 November post. Its stance on a bailout is the article's reading, recorded as such;
# the recession risk it states outright (same quote again: only the new stance is added).
S2=(--article "$ARTICLE" --person @DavidSacks --attributed-as "David O. Sacks"
  --said-at "17:34 UTC · 24 nov. 2025" --source-url "$S2_URL" --lang en --quoted-lang fr
  --archive-url "https://web.archive.org/web/20251124180000/$S2_URL"
  --quoted-text "D'après le Wall Street Journal d'aujourd'hui, les investissements liés à l'IA représentent la moitié de la croissance du PIB. Un retournement de situation risquerait de provoquer une récession. Nous ne pouvons pas nous permettre de reculer.")
prov add-quote "${S2[@]}" --claim federal-ai-bailout --stance supports --interpreted \
  --note "The article reads the post as preparing the ground for a bailout ('semblait préparer le terrain')."
prov add-quote "${S2[@]}" --claim ai-downturn-recession-risk --stance supports

# S3: the WSJ report S2 cites, read through an archive copy ("archivé ici").
prov add-quote --article "$ARTICLE" --person WSJ --attributed-as "WSJ" --said-at 2025-11-24 \
  --source-url "$WSJ_URL" --source-kind news_article --lang en --quoted-lang fr \
  --archive-url "https://archive.ph/2025.11.24-190000/$WSJ_URL" \
  --quoted-text "La dépendance de l'économie à l'égard de l'IA comporte des risques. Les ratios cours/bénéfice des actions sont proches de leurs plus hauts historiques." \
  --claim ai-downturn-recession-risk --stance supports

# S4, S5: economists quoted by the WSJ, quoted again by the article (a quote of a quote).
prov add-quote --article "$ARTICLE" --person Millar --said-at 2025-11-24 --source-url "$WSJ_URL" \
  --via "$WSJ_URL" --lang en --quoted-lang fr \
  --quoted-text "Si les investissements dans l'IA cessaient de croître, cela pourrait amputer la croissance de 0,5 point supplémentaire, selon les estimations de Millar."
prov add-quote --article "$ARTICLE" --person Berezin --said-at 2025-11-24 --source-url "$WSJ_URL" \
  --via "$WSJ_URL" --lang en --quoted-lang fr \
  --quoted-text "Si les revenus nécessaires au service de cette dette ne se concrétisent pas, les prêteurs pourraient subir des pertes, avec des répercussions sur les marchés de la dette, a déclaré Berezin."

# S6: the executive order. The article gives no date; the order itself is dated 24 November 2025.
prov add-quote --article "$ARTICLE" --person "White House" --attributed-as "la Maison Blanche" \
  --said-at 2025-11-24 --source-url "$EO_URL" --source-title "Launching the Genesis Mission" \
  --locator "Sec. 1" --lang en --quoted-lang fr \
  --quoted-text "Aujourd'hui, l'Amérique est engagée dans une course à la suprématie technologique mondiale en matière de développement de l'intelligence artificielle (IA), un domaine crucial pour la découverte scientifique et la croissance économique." \
  --claim federal-ai-bailout --stance supports --interpreted \
  --note "The article reads the order as putting in place the instruments of a bailout."

# S7: commentary the article quotes without naming anyone.
prov add-quote --article "$ARTICLE" --unattributed --quoted-lang fr \
  --quoted-text "Si l'on fait abstraction du marketing, Genesis est un projet du gouvernement américain visant à construire une infrastructure nationale d'IA au sein du Département de l'Énergie, puis à inviter les principaux acteurs privés du secteur à s'y connecter." \
  --claim genesis-centralises-ai --stance supports

# S8: the framing question, attributed to "Gary Markus"; "around 24 November" is a month at best.
prov add-quote --article "$ARTICLE" --person "Gary Marcus" --attributed-as "Gary Markus" \
  --said-at "novembre 2025" --relation paraphrase --quoted-lang fr \
  --quoted-text "Le chercheur en intelligence artificielle Gary Markus se demande quel est le lien entre deux tweets récents de Gary Sacks"

# The report: S1 against S2, 18 days apart, with every link a reader needs.
prov contradictions --person "David Sacks"
