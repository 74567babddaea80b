"""Internal quality assurance: review workflows, checklists, approval, co-design and endorsements."""
