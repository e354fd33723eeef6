"""Print: composed leaflets as tagged PDF/UA-1, standard and large print. The only code importing WeasyPrint."""
