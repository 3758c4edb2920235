# vitrum pel-map (paper 003 Eq. 1, Fig. 4b): the title; the map follows (rate_map.gp).
set title 'vitrum pel-map: dE_{IS}/dt of the energy-landscape model (paper 003 Eq. 1, Fig. 4b)'
