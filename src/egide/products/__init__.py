"""Intelligence products: the fiche de synthèse, its verification, lifecycle and exports."""
