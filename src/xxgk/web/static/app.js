// xxgk web: small progressive enhancements (pages work without JavaScript). No inline script (CSP).
"use strict";
