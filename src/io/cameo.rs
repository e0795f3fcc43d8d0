//! CAMEO event codes, actor codes and country codes mapped to the model (being written).
