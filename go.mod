module github.com/accord-cti/accord

go 1.26.8
