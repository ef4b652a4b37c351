#!/usr/bin/env bash
# The worked example, continued: check the record. Run it after seed-walkthrough.sh, on the same
# database ($PROV_DB, else ./prov.db). It needs no network: the article is read from a copy saved
# from a browser, as a researcher would keep a paywalled page.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ARTICLE=https://example.org/2025/11/usa-decret-plan-de-sauvetage-ia.html

# Archive copies recorded so far (prov archive without --offline asks the Wayback Machine).
prov archive --all --offline

# Keep the saved copy of the article, then look for every quote in it.
prov fetch "$ARTICLE" --from-file "$HERE/pages/seed-article.fr.html"
prov verify --article "$ARTICLE"

# Lint the whole record: names as written that match no one, the unattributed comment,
# translations whose original is unknown, sources with no archive copy...
prov check
