from confdeck.cli import main

raise SystemExit(main())
